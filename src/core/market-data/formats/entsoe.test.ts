import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDecimal } from '../../../engine/decimal.ts';
import { at, readRecordedFeed } from '../test-support.ts';
import { parseEntsoe } from './entsoe.ts';
import type { ParsedFeed } from './feed.ts';

const valueAt = (feed: ParsedFeed, instant: string): string | undefined => {
  const point = feed.points.find((p) => p.start === at(instant));
  return point && formatDecimal(point.value);
};

const QUARTER = 15 * 60_000;

describe('parseEntsoe', () => {
  const hourly = parseEntsoe(readRecordedFeed('entsoe/response-PT60M.xml'));
  const quarterly = parseEntsoe(readRecordedFeed('entsoe/response-PT15M.xml'));

  it('reads both PT60M series of the Swiss document in EUR per MWh when the file is hourly', () => {
    assert.equal(hourly.points.length, 48);
    assert.equal(hourly.currency, 'EUR');
    assert.equal(hourly.unit, 'MWh');
    assert.equal(hourly.area, '10YCH-SWISSGRIDZ');
    assert.equal(hourly.publishedAt, at('2025-11-26T14:16:15Z'));
    assert.deepEqual(hourly.points[0] && [hourly.points[0].start, hourly.points[0].end], [
      at('2025-11-25T23:00:00Z'),
      at('2025-11-26T00:00:00Z'),
    ]);
    assert.equal(valueAt(hourly, '2025-11-25T23:00:00Z'), '104.06');
    assert.equal(valueAt(hourly, '2025-11-26T08:00:00Z'), '210');
    assert.equal(valueAt(hourly, '2025-11-26T23:00:00Z'), '110.63');
    assert.equal(valueAt(hourly, '2025-11-27T22:00:00Z'), '111.8');
    assert.equal(hourly.points.at(-1)?.end, at('2025-11-27T23:00:00Z'));
  });

  it('takes the sequence-1 (SDAC) series, 96 quarter-hours a day, when DE-LU also carries EXAA', () => {
    assert.equal(quarterly.points.length, 192);
    const day = (start: string) =>
      quarterly.points.filter((p) => p.start >= at(start) && p.start < at(start) + 86_400_000);
    assert.equal(day('2025-10-30T23:00:00Z').length, 96);
    assert.equal(day('2025-10-31T23:00:00Z').length, 96);
    assert.ok(quarterly.points.every((p) => p.end - p.start === QUARTER));
    // The openHAB binding's known answers for this file (its test expects them per kWh).
    assert.equal(valueAt(quarterly, '2025-10-30T23:00:00Z'), '102.81');
    assert.equal(valueAt(quarterly, '2025-10-31T08:45:00Z'), '66.15');
    assert.equal(valueAt(quarterly, '2025-11-01T17:00:00Z'), '87.21');
    assert.equal(valueAt(quarterly, '2025-11-01T22:45:00Z'), '70.19');
  });

  it('repeats the previous price when an A03 position is omitted', () => {
    // mRID 4 (sequence 1, 2025-11-01) has no position 45 (10:00Z): it keeps position 44's 15.
    assert.equal(valueAt(quarterly, '2025-11-01T09:45:00Z'), '15');
    assert.equal(valueAt(quarterly, '2025-11-01T10:00:00Z'), '15');
    assert.equal(valueAt(quarterly, '2025-11-01T10:15:00Z'), '15.06');
  });

  it('reads the EXAA series with its omitted positions when it is the only series', () => {
    const text = readRecordedFeed('entsoe/response-PT15M.xml');
    const exaaOnly = text
      .split(/(?=<TimeSeries>)|(?<=<\/TimeSeries>)/)
      .filter(
        (part) => !(part.startsWith('<TimeSeries>') && /AttributeInstanceComponent\.position>1</.test(part)),
      )
      .join('');
    const feed = parseEntsoe(exaaOnly);
    assert.equal(feed.points.length, 192);
    assert.equal(valueAt(feed, '2025-10-30T23:00:00Z'), '91.45');
    // mRID 1: positions 20 and 72 absent; mRID 3: 16, 19, 22, 75 and 88 absent.
    assert.equal(valueAt(feed, '2025-10-31T03:45:00Z'), valueAt(feed, '2025-10-31T03:30:00Z'));
    assert.equal(valueAt(feed, '2025-10-31T03:45:00Z'), '80.5');
    assert.equal(valueAt(feed, '2025-10-31T16:45:00Z'), '119.96');
    assert.equal(valueAt(feed, '2025-11-01T02:45:00Z'), '56.23');
    assert.equal(valueAt(feed, '2025-11-01T20:45:00Z'), '74.93');
  });

  it('runs the last A03 price to the end of the period when trailing positions are omitted', () => {
    const feed = parseEntsoe(
      document(
        'A03',
        [
          [1, '10.5'],
          [3, '-2'],
        ],
        'PT60M',
        6,
      ),
    );
    assert.deepEqual(
      feed.points.map((p) => formatDecimal(p.value)),
      ['10.5', '10.5', '-2', '-2', '-2', '-2'],
    );
  });

  it('leaves a gap when an A01 position is omitted', () => {
    const feed = parseEntsoe(
      document(
        'A01',
        [
          [1, '1'],
          [3, '3'],
        ],
        'PT60M',
        3,
      ),
    );
    assert.deepEqual(
      feed.points.map((p) => p.start),
      [at('2025-01-01T00:00:00Z'), at('2025-01-01T02:00:00Z')],
    );
  });

  it('answers feed_empty with the reason when ENTSO-E sends an acknowledgement', () => {
    const ack =
      '<?xml version="1.0"?><Acknowledgement_MarketDocument xmlns="urn:iec62325.351:tc57wg16:451-1:acknowledgementdocument:7:0">' +
      '<mRID>x</mRID><Reason><code>999</code><text>No matching data found for Data item Day-ahead Prices</text></Reason>' +
      '</Acknowledgement_MarketDocument>';
    assert.throws(() => parseEntsoe(ack), { code: 'feed_empty', message: /No matching data found/ });
  });

  it('refuses a position outside the period and a price unit other than MWH', () => {
    assert.throws(() => parseEntsoe(document('A03', [[7, '1']], 'PT60M', 6)), { code: 'feed_invalid' });
    assert.throws(() => parseEntsoe(document('A03', [[1, '1']], 'PT60M', 6).replace('>MWH<', '>KWH<')), {
      code: 'feed_invalid',
    });
  });

  it('asks for an area when the document covers several bidding zones', () => {
    const two = document('A03', [[1, '1']], 'PT60M', 1).replace(
      '</Publication_MarketDocument>',
      document('A03', [[1, '2']], 'PT60M', 1)
        .replace(/^[\s\S]*?(<TimeSeries>)/, '$1')
        .replaceAll('10YAT-APG------L', '10YCH-SWISSGRIDZ'),
    );
    assert.throws(() => parseEntsoe(two), { code: 'area_missing' });
    assert.equal(
      formatDecimal(
        parseEntsoe(two, { area: '10YCH-SWISSGRIDZ' }).points[0]?.value ?? { units: 0n, scale: 0 },
      ),
      '2',
    );
    assert.throws(() => parseEntsoe(two, { area: '10YFR-RTE------C' }), { code: 'area_invalid' });
  });
});

function document(curve: string, points: [number, string][], resolution: string, slots: number): string {
  const end = new Date(at('2025-01-01T00:00:00Z') + slots * 3_600_000).toISOString().slice(0, 16) + 'Z';
  return `<?xml version="1.0" encoding="utf-8"?>
<Publication_MarketDocument xmlns="urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:3">
  <type>A44</type>
  <TimeSeries>
    <mRID>1</mRID>
    <in_Domain.mRID codingScheme="A01">10YAT-APG------L</in_Domain.mRID>
    <currency_Unit.name>EUR</currency_Unit.name>
    <price_Measure_Unit.name>MWH</price_Measure_Unit.name>
    <curveType>${curve}</curveType>
    <Period>
      <timeInterval><start>2025-01-01T00:00Z</start><end>${end}</end></timeInterval>
      <resolution>${resolution}</resolution>
      ${points.map(([p, v]) => `<Point><position>${p}</position><price.amount>${v}</price.amount></Point>`).join('')}
    </Period>
  </TimeSeries>
</Publication_MarketDocument>`;
}
