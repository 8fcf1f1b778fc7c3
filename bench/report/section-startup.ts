import type {BenchResults, StartupClient, StartupKind} from '../results.js';
import {meanSd, ratio, targetCell} from './cells.js';
import type {Section} from './sections.js';

/** Scenario 6: pool workers ready on each client, against empty workers of the same rounds. */
export function startupSections(results: BenchResults): Section[] {
	const {startup} = results;
	if (!startup) {
		return [];
	}

	const rows = (kind: StartupKind): string[][] => [
		[`${kind.kind}, empty`, meanSd(kind.emptyMs), '', '', ''],
		// Older results have no per-client figures: their one pool figure is got's.
		...(kind.clients ?? [{client: 'got', readyMs: kind.imgraceMs, ratio: kind.ratio, ratioStat: kind.ratioStat}] as StartupClient[]).flatMap(client => [
			// Results from before the floor was measured have no "alone" row.
			...(client.aloneMs ? [[`${kind.kind}, ${client.client} alone`, meanSd(client.aloneMs), ratio(client.aloneRatio, null, 2), '', '']] : []),
			[
				`${kind.kind}, ${client.client}`,
				meanSd(client.readyMs),
				ratio(client.ratio, client.ratioStat.sd, 2),
				ratio(client.overAlone, null, 2),
				kind.kind === 'threads' ? targetCell(results, `${startup.workers} threads ready / ${startup.workers} empty (${client.client})`) : '',
			],
		]),
		[`${kind.kind}, got unbundled`, meanSd(kind.unbundledMs), '', '', ''],
	];
	return [{
		title: `6. Worker start-up: ${startup.workers} workers at once until each is ready to download${startup.bundled ? '' : ' (no worker bundle in this build)'}`,
		columns: ['Workers', 'Ready [ms] mean ± σ', '÷ empty', '÷ alone', 'Target'],
		rows: [...rows(startup.threads), ...rows(startup.processes)],
		notes: [
			'empty: workers that only say they are ready; got, undici: pool workers as the pool starts them, ready once their setup is taken (their client loaded and made); unbundled: got loading worker-loop.js and its module graph instead of the bundle.',
			'alone: workers that only load and make that client, bundled the same way (bench/client-alone.ts): the floor for any worker that downloads with it. ÷ alone: what imgrace adds to it.',
			'÷ empty, ÷ alone: per round (the empty ones just before), the median over rounds: load from other work hits both sides alike.',
		],
	}];
}
