// Unit tests of the page's pure modules: `node --test tests/js` (run by tests/test_webmap_js.py).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const U = require('../../mapper/webmap/static/util.js');
const S = require('../../mapper/webmap/static/search.js');
const St = require('../../mapper/webmap/static/state.js');
const I = require('../../mapper/webmap/static/i18n.js');

test('fmt fills known keys and keeps unknown ones', () => {
  assert.equal(U.fmt('{n} of {total} ({x})', { n: 3, total: 10 }), '3 of 10 ({x})');
});

test('num reads public ranges by their lower bound', () => {
  assert.equal(U.num(7), 7);
  assert.equal(U.num('1–4'), 1);
  assert.equal(U.num('12'), 12);
  assert.equal(U.num(null), 0);
});

test('skeleton: spellings of one name meet', () => {
  assert.equal(U.skeleton('Таганрог'), U.skeleton('Taganrog'));
  assert.equal(U.skeleton('Taganrog'), U.skeleton('Tahanroh'));
  assert.equal(U.latin('Київ'), 'kiiv');
});

test('decodePolyline reads the encoding written by mapper.render.encode_ring', () => {
  // written by encode_ring for the ring (lon, lat) 30 50, 30.5 50.02, 31 49.5, 30 50 at 1/50°
  assert.deepEqual(U.decodePolyline('w|Ag{Cq@Aq@r@bBq@', 50),
    [[50, 30], [50.02, 30.5], [49.5, 31], [50, 30]]);
});

test('territory: control status wins, occupied otherwise', () => {
  assert.equal(U.territory({ country: 'RU' }), 'ru');
  assert.equal(U.territory({ country: 'UA', occupied: true }), 'ua_occupied');
  assert.equal(U.territory({ country: 'UA', occupied: true, control_status: 'liberated' }), 'ua_liberated');
  assert.equal(U.territory({ country: 'UA', occupied: false }), 'ua');
});

test('activeInYear: testimonies that year or inside the reported period', () => {
  const p = { first_reported: '2022-03', last_reported: '2023-01', testimonies_2025: 2 };
  assert.equal(U.activeInYear(p, ''), true);
  assert.equal(U.activeInYear(p, '2022'), true);
  assert.equal(U.activeInYear(p, '2023'), true);
  assert.equal(U.activeInYear(p, '2024'), false);
  assert.equal(U.activeInYear(p, '2025'), true);
  assert.equal(U.activeInYear({}, '2022'), false);
  assert.equal(U.activeInYear({ first_reported: '2014' }, '2024'), true);
});

test('choroClass by lower bounds', () => {
  const b = [1, 5, 10, 25, 50, 100];
  assert.equal(U.choroClass(0, b), -1);
  assert.equal(U.choroClass(1, b), 0);
  assert.equal(U.choroClass(9, b), 1);
  assert.equal(U.choroClass(100, b), 5);
});

test('bounds unwrap points east of 180°', () => {
  assert.deepEqual(U.bounds([[30, 50], [177, 64], [-172, 65]]), [[50, 30], [65, 188]]);
  assert.equal(U.bounds([]), null);
});

test('arc starts and ends at the facilities and bends right of travel', () => {
  const pts = U.arc([30, 50], [40, 50], 0.2, 8);
  assert.deepEqual(pts[0], [50, 30]);
  assert.deepEqual(pts[8], [50, 40]);
  assert.ok(pts[4][0] < 50, 'travelling east, the arc bends south (to the right)');
});

test('histogram counts testimonies by year, or facilities in use', () => {
  const props = [{ testimonies_2022: 3, first_reported: '2022' }, { testimonies_2022: '1–4', testimonies_2023: 5 }];
  assert.deepEqual(U.histogram(props, [2022, 2023], true), { 2022: 4, 2023: 5 });
  assert.deepEqual(U.histogram(props, [2022, 2023], false), { 2022: 2, 2023: 2 });
});

test('CSV cells are formula-safe and quoted', () => {
  assert.equal(U.csvCell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
  assert.equal(U.csvCell('+1'), "'+1");
  assert.equal(U.csvCell('-2'), "'-2");
  assert.equal(U.csvCell('@a'), "'@a");
  assert.equal(U.csvCell('a,b'), '"a,b"');
  assert.equal(U.csvCell(null), '');
  assert.equal(U.csvCell(3), '3');
  assert.equal(U.csvCell(-170.25), '-170.25');  // a longitude east of 180°, not a formula
  assert.equal(U.toCSV(['a', 'b'], [[1, 'x\ny']]), 'a,b\r\n1,"x\ny"\r\n');
});

test('search ranks prefix, substring, then skeleton matches', () => {
  const items = [
    { name: 'SIZO-2 Taganrog', value: 'a', keys: S.keys({ id: 'a', name_en: 'SIZO-2 Taganrog', settlement_en: 'Taganrog' }) },
    { name: 'Kursk SIZO-1', value: 'b', keys: S.keys({ id: 'b', name_en: 'Kursk SIZO-1', name_ru: 'СИЗО-1 Курск' }) },
  ];
  assert.deepEqual(S.rank(items, 'таганрог'), ['a']);
  assert.deepEqual(S.rank(items, 'sizo'), ['a', 'b']);
  assert.deepEqual(S.rank(items, 'курск'), ['b']);
  assert.deepEqual(S.rank(items, '  '), []);
});

test('URL state round-trips and ignores junk', () => {
  const s = { id: 'ru-x y', type: ['sizo', 'penal_colony'], terr: ['ru'], year: '2023', view: [48.21, 37.55, 8], layers: ['choro'] };
  const hash = St.serialize(s);
  assert.equal(hash, '#id=ru-x%20y&type=sizo,penal_colony&terr=ru&layers=choro&year=2023&view=48.2100,37.5500,8');
  assert.deepEqual(St.parse(hash), { id: 'ru-x y', type: ['sizo', 'penal_colony'], terr: ['ru'], layers: ['choro'], year: '2023', view: [48.21, 37.55, 8] });
  assert.deepEqual(St.parse('#id=abc'), { id: 'abc' });
  assert.deepEqual(St.parse('#year=20x3&view=1,2&id=%E0%A4'), {});
  assert.equal(St.serialize({}), '');
  assert.deepEqual(St.onList({ a: true, b: false }, ['a', 'b']), ['a']);
  assert.equal(St.onList({ a: true, b: true }, ['a', 'b']), null);
});

test('i18n labels fall back to the code', () => {
  const t = I.make({ facility_type: { sizo: 'SIZO' }, showing: '{n} of {total}' });
  assert.equal(t.lab('facility_type', 'sizo'), 'SIZO');
  assert.equal(t.lab('facility_type', 'new_type'), 'new_type');
  assert.equal(t.say('showing', { n: 1, total: 2 }), '1 of 2');
});

test('bulkBounds leaves out far outliers and keeps every edge of the dense group', () => {
  const pts = [];
  for (let i = 0; i < 38; i++) pts.push([30 + i / 10, 47 + i / 10]);
  pts.push([135, 60], [-175, 65]);  // Far East, and Chukotka east of 180°
  assert.deepEqual(U.bulkBounds(pts, 5), [[47, 30], [50.7, 33.7]]);
  assert.deepEqual(U.bulkBounds(pts.slice(0, 5), 5), [[47, 30], [47.4, 30.4]]);
});
