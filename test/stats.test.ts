import assert from 'node:assert/strict';
import {test} from 'node:test';
import {compareToBaseline} from '../source/stats/baseline.js';
import {logGamma, regularizedIncompleteBeta} from '../source/stats/incomplete-beta.js';
import {mean, percentiles, standardDeviation, summarize} from '../source/stats/statistics.js';
import {studentTCdf, studentTTwoSidedP} from '../source/stats/student-t.js';
import {welchTTest} from '../source/stats/welch.js';

// Reference values below come from SciPy 1.17 (special.gammaln, special.betainc, stats.t, stats.ttest_ind).

function near(actual: number | undefined, expected: number, tolerance: number, what = ''): void {
	assert.ok(actual !== undefined && Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} is not ${expected} ± ${tolerance}`);
}

test('percentiles interpolate linearly between ranks (type 7, as numpy)', () => {
	const p = percentiles([12, 3, 7, 1, 9, 4, 15, 8, 2, 11]);
	near(p?.p50, 7.5, 1e-12, 'p50');
	near(p?.p90, 12.3, 1e-12, 'p90');
	near(p?.p99, 14.73, 1e-12, 'p99');
	assert.deepEqual(percentiles([5]), {p50: 5, p90: 5, p99: 5});
	assert.equal(percentiles([]), undefined);
});

test('mean, sample σ, min and max of repeated runs', () => {
	assert.equal(mean([1, 2, 3, 6]), 3);
	near(standardDeviation([1, 2, 3, 6]), Math.sqrt(14 / 3), 1e-12, 'sd');
	const summary = summarize([1230, 1190, 1280]);
	assert.equal(summary?.min, 1190);
	assert.equal(summary?.max, 1280);
	assert.equal(summary?.count, 3);
	assert.equal(summarize([7])?.sd, 0);
});

test('logGamma matches reference values', () => {
	for (const [x, expected] of [[0.5, 0.572_364_942_924_7], [1, 0], [3.7, 1.428_072_326_665_388], [10, 12.801_827_480_081_469], [0.1, 2.252_712_651_734_206], [100, 359.134_205_369_575_4], [1234.5, 7550.550_901_077_894]] as const) {
		near(logGamma(x), expected, 1e-12, `lnΓ(${x})`);
	}

	assert.ok(Number.isNaN(logGamma(0)));
});

test('regularized incomplete beta matches reference values, both sides of the switch', () => {
	const cases = [
		[0.5, 2, 3, 0.6875],
		[0.1, 0.5, 0.5, 0.204_832_764_699_133_45],
		[0.9, 10, 0.5, 0.151_640_909_634_709_94],
		[0.999, 2.5, 0.5, 0.946_342_345_308_186_6],
		[0.7, 1, 1, 0.7],
		[0.01, 0.5, 20, 0.471_369_935_485_015_4],
	] as const;
	for (const [x, a, b, expected] of cases) {
		near(regularizedIncompleteBeta(x, a, b), expected, 1e-12, `I(${x}; ${a}, ${b})`);
	}

	near(regularizedIncompleteBeta(0.3, 200, 0.5) / 1.264_383_372_125_771e-106, 1, 1e-9, 'tiny value, relative');
	assert.equal(regularizedIncompleteBeta(0, 2, 3), 0);
	assert.equal(regularizedIncompleteBeta(1, 2, 3), 1);
	assert.ok(Number.isNaN(regularizedIncompleteBeta(1.5, 2, 3)));
});

test('Student t CDF matches reference values, whole and fractional df', () => {
	const cases = [
		[2, 5, 0.949_030_260_585_070_8],
		[-1.5, 2.3, 0.128_277_623_946_431_5],
		[2.5, 7.3, 0.980_174_882_667_199_8],
		[0, 3, 0.5],
		[-8, 4.5, 0.000_398_047_394_082_270_35],
		[1.96, 1e4, 0.974_988_239_884_083_5],
		[12, 2.1, 0.997_137_402_647_702_6],
		[3, 2.5, 0.963_711_952_225_484_1],
		[-0.3, 1, 0.407_226_420_922_257_7],
		[1e-9, 5, 0.500_000_000_379_606_7],
	] as const;
	for (const [t, df, expected] of cases) {
		near(studentTCdf(t, df), expected, 1e-10, `cdf(${t}, ${df})`);
	}

	near(studentTCdf(-40, 9) / 9.491_499_224_669_911e-12, 1, 1e-8, 'far tail, relative');
	near(studentTTwoSidedP(3, 2.5), 0.072_576_095_549_031_83, 1e-10, 'two-sided');
	assert.equal(studentTTwoSidedP(Number.POSITIVE_INFINITY, 3), 0);
	assert.ok(Number.isNaN(studentTCdf(1, 0)));
});

test('Welch t-test: t, Welch–Satterthwaite df and p as SciPy gives them', () => {
	const clear = welchTTest([100, 104, 98, 102, 101], [110, 108, 112, 109, 111]);
	near(clear?.t, -7.348_469_228_349_534_5, 1e-10, 't');
	near(clear?.df, 7.2, 1e-10, 'df');
	near(clear?.p, 0.000_135_953_147_358_231_8, 1e-10, 'p');
	const noisy = welchTTest([100, 130, 90, 120], [104, 95, 125, 110]);
	near(noisy?.t, 0.135_204_651_921_267_04, 1e-10, 't');
	near(noisy?.df, 5.331_513_145_514_282, 1e-10, 'df');
	near(noisy?.p, 0.897_407_753_675_494_9, 1e-10, 'p');
	const unequal = welchTTest([1.2, 1.25, 1.22, 1.28, 1.19], [1.1, 1.12, 1.15, 1.09, 1.11, 1.14]);
	near(unequal?.df, 6.484_926_304_356_503, 1e-10, 'df');
	near(unequal?.p, 0.000_915_193_612_110_150_9, 1e-10, 'p');
});

test('Welch t-test: one value on a side cannot run; zero variance is exact', () => {
	assert.equal(welchTTest([1], [1, 2]), undefined);
	assert.deepEqual(welchTTest([5, 5], [5, 5, 5]), {t: 0, df: 3, p: 1});
	assert.equal(welchTTest([5, 5], [6, 6])?.p, 0);
});

test('compareToBaseline: a clear, significant change beyond the noise floor', () => {
	const slower = compareToBaseline([110, 108, 112, 109, 111], [100, 104, 98, 102, 101]);
	assert.equal(slower?.verdict, 'slower');
	assert.equal(slower?.reason, 'significant');
	assert.equal(slower?.testRan, true);
	near(slower?.ratio, 110 / 101, 1e-12, 'ratio');
	assert.ok(slower!.ratioSpread! > 0);
	const faster = compareToBaseline([100, 104, 98, 102, 101], [110, 108, 112, 109, 111]);
	assert.equal(faster?.verdict, 'faster');
	near(faster?.p, 0.000_135_953_147_358_231_8, 1e-10, 'p');
});

test('compareToBaseline: a large but noisy difference is not significant', () => {
	// Means 110 vs 100 (10 %), but the spread swamps it.
	const result = compareToBaseline([80, 140, 95, 125], [70, 130, 85, 115]);
	assert.equal(result?.verdict, 'no difference');
	assert.equal(result?.reason, 'not significant');
	assert.ok(result!.p! > 0.05);
});

test('compareToBaseline: significant but under the noise floor is no difference', () => {
	// 1 % slower with almost no noise: the test alone would call it.
	const current = [101, 101.01, 100.99, 101, 101.02];
	const baseline = [100, 100.01, 99.99, 100, 100.02];
	const result = compareToBaseline(current, baseline);
	assert.ok(result!.p! < 0.001);
	assert.equal(result?.verdict, 'no difference');
	assert.equal(result?.reason, 'below noise floor');
	assert.equal(compareToBaseline(current, baseline, {noiseFloor: 0.005})?.verdict, 'slower');
});

test('compareToBaseline: wall times up to --baseline\'s bound (a week) give finite figures; 1e308 would not', () => {
	const week = 7 * 24 * 60 * 60 * 1000;
	const result = compareToBaseline([100, 120, 110], [week, week - 1000, week - 2000]);
	assert.ok([result!.ratio, result!.ratioSpread, result!.p].every(value => Number.isFinite(value)), JSON.stringify(result));
	assert.ok(Number.isNaN(compareToBaseline([100, 120, 110], [1e308, 1e308, 1e308])!.p), 'what config/baseline-file.ts refuses to read');
});

test('compareToBaseline: alpha decides', () => {
	const current = [105, 108, 103, 110, 107];
	const baseline = [100, 103, 98, 105, 101];
	const result = compareToBaseline(current, baseline);
	near(result?.p, 0.015_988_512_682_140_715, 1e-10, 'p');
	assert.equal(result?.verdict, 'slower');
	assert.equal(compareToBaseline(current, baseline, {alpha: 0.01})?.verdict, 'no difference');
});

test('compareToBaseline: one run on a side cannot decide, whatever the ratio, and says the test did not run', () => {
	const single = compareToBaseline([120], [100, 101, 99]);
	assert.equal(single?.testRan, false);
	assert.equal(single?.p, undefined);
	assert.equal(single?.verdict, 'cannot decide');
	assert.equal(single?.reason, 'too few runs for a test');
	near(single?.ratio, 1.2, 1e-12, 'ratio');
	assert.equal(compareToBaseline([100], [101])?.verdict, 'cannot decide');
	assert.equal(compareToBaseline([100], [101])?.ratioSpread, undefined, 'one run against one run has no spread');
	assert.ok(single!.ratioSpread! > 0, 'one run against three: the three\'s spread');
	assert.equal(compareToBaseline([90, 91], [100])?.verdict, 'cannot decide');
});

test('compareToBaseline: empty sides give undefined', () => {
	assert.equal(compareToBaseline([], [1, 2]), undefined);
	assert.equal(compareToBaseline([1, 2], []), undefined);
});
