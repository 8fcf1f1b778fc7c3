import type {StrategyRole} from '../engine/names.js';
import {glyphs} from '../format/glyphs.js';
import type {RunRecord} from './run-record.js';

/**
 * The seed's claim, tested on one race: "network-bound work wants threads; computational work wants
 * processes". Whether each half held, in words, from the latest run of each strategy. Pure: the core
 * count comes from the caller (os.availableParallelism()).
 */

/** The run each other is measured against: the one-at-a-time strategy's (the seed's sequential). */
function byRole(runs: readonly RunRecord[], role: StrategyRole): RunRecord | undefined {
	return runs.find(run => run.role === role);
}
/** Faster by less than this is "no faster": single runs on a shared machine are that noisy. */
const noiseRatio = 1.1;

/** A run whose wall time measures speed: it ran to the end and did every image. */
function comparable(run: RunRecord | undefined): run is RunRecord & {wallMs: number} {
	return run !== undefined && run.state === 'done' && run.failed === 0 && run.wallMs !== undefined && run.wallMs > 0;
}

/**
 * Sequential's wall over this run's, when both ran to the end over the same images without a failed
 * one; null otherwise (a run that failed images did less work). The sequential run itself is 1.
 */
export function speedupOverSequential(run: RunRecord, runs: readonly RunRecord[]): number | null {
	const sequential = byRole(runs, 'one-at-a-time');
	if (!comparable(run) || !comparable(sequential) || sequential.images.length !== run.images.length || sequential.work !== run.work) {
		return null;
	}

	return sequential.wallMs / run.wallMs;
}

function ratio(value: number): string {
	return `${value.toFixed(value < 10 ? 1 : 0)}${glyphs.times}`;
}

/**
 * "(+31 MB, +45 ms start; 9.1× after it)" for a run that started workers: what they cost, and its
 * speed counting only the time after start-up; nothing for a run on this thread.
 */
function costs(run: RunRecord, baseWallMs: number): string {
	if (!run.startupMs || run.wallMs === undefined) {
		return '';
	}

	const memory = run.peakRssMb === undefined ? '' : `+${Math.round(run.peakRssMb)} MB, `;
	const net = run.wallMs - run.startupMs;
	const after = net > 0 ? `; ${ratio(baseWallMs / net)} after it` : '';
	return ` (${memory}+${Math.round(run.startupMs)} ms start${after})`;
}

/**
 * One line: each strategy's speed against the baseline, then which half of the claim that bears on and
 * whether it held. "download: parallel 7.4×, threads 7.2× (+31 MB, +45 ms start), processes 2.0× (+140
 * MB, +380 ms start) sequential on 2 cores; I/O half held: threads 7.2× sequential". The baseline is
 * sequential when it ran, else the event loop (parallel). Undefined until two comparable runs exist.
 */
export function claimVerdict(latest: readonly RunRecord[], cores: number): string | undefined {
	const parts = claimParts(latest, cores);
	return parts && claimText(parts);
}

/** The claim's parts as one line. */
export function claimText(parts: ClaimParts): string {
	return parts.half === undefined ? parts.speeds : `${parts.speeds}; ${parts.half}`;
}

/** The claim's two parts: each strategy's speed ("download: parallel 7.4×, … on 2 cores") and which half held, if one was tested. */
export type ClaimParts = {readonly speeds: string; readonly half: string | undefined};

/** claimVerdict in its two parts, for a screen that has room for only the second. */
export function claimParts(latest: readonly RunRecord[], cores: number): ClaimParts | undefined {
	const oneAtATime = byRole(latest, 'one-at-a-time');
	const eventLoop = byRole(latest, 'event-loop');
	const base = comparable(oneAtATime) ? oneAtATime : (comparable(eventLoop) ? eventLoop : undefined);
	if (!base) {
		return undefined;
	}

	const others = latest.filter(run => run !== base && run.work === base.work && run.images.length === base.images.length);
	if (others.length === 0) {
		return undefined;
	}

	const speed = (run: RunRecord): number | undefined => comparable(run) ? base.wallMs! / run.wallMs : undefined;
	const parts = others.map(run => {
		const value = speed(run);
		return value === undefined ? `${run.strategy} ${run.state === 'done' ? `${run.failed} failed` : 'aborted'}` : `${run.strategy} ${ratio(value)}${costs(run, base.wallMs!)}`;
	});
	return {speeds: `${base.work}: ${parts.join(', ')} ${base.strategy} on ${cores} ${cores === 1 ? 'core' : 'cores'}`, half: half(base, others, speed)};
}

/**
 * Which half of the claim this race tests and whether it held. Download only: threads should beat
 * one-at-a-time. CPU-bound work: processes should beat the event loop, which (like Python's GIL) runs
 * one computation at a time; in Node threads escape it too.
 */
function half(base: RunRecord, others: readonly RunRecord[], speed: (run: RunRecord) => number | undefined): string | undefined {
	const all = [base, ...others];
	const workers = others.filter(run => run.role === 'workers' && comparable(run)).sort((a, b) => a.wallMs! - b.wallMs!);
	const best = workers[0];
	if (base.work === 'download') {
		const value = base.role === 'one-at-a-time' && best ? speed(best) : undefined;
		return value === undefined ? undefined : `I/O half ${value >= noiseRatio ? 'held' : 'did not hold'}: ${best!.strategy} ${ratio(value)} ${base.strategy}`;
	}

	const loop = byRole(all, 'event-loop');
	if (!best || !comparable(loop)) {
		return undefined;
	}

	const value = loop.wallMs / best.wallMs!;
	const also = workers.slice(1).map(run => `, ${run.strategy} ${ratio(loop.wallMs / run.wallMs!)}`).join('');
	return `CPU half ${value >= noiseRatio ? 'held' : 'did not hold'}: ${best.strategy} ${ratio(value)} the event loop (${loop.strategy})${also}`;
}
