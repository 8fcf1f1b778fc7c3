import type {Before, BenchResults, Target} from '../results.js';
import {targetFigure, verdict} from './cells.js';
import type {Section} from './sections.js';

/** What the run --before names measured for `target`, found under its name or the one it had then. */
function beforeOf(before: Before, target: Target): string {
	const then = before.targets.find(entry => entry.name === target.name || entry.name === target.was);
	return then ? targetFigure(target, then.measured) : '';
}

/** Every target, met or not, beside the earlier run's figure when there is one; notes under the table. */
export function targetSections(results: BenchResults): Section[] {
	const {machine, settings} = results;
	// A --quick run's figures come from smaller counts: set beside a run of the same kind only.
	const before = results.before?.settings.quick === settings.quick ? results.before : undefined;
	const runs = `${settings.rounds} round${settings.rounds === 1 ? '' : 's'} after ${settings.warmup} warm-up${settings.quick ? ', --quick' : ''}`;
	return [{
		title: 'Targets',
		columns: ['Target', 'Goal', 'Measured', ...(before ? ['Before'] : []), 'Result'],
		rows: results.targets.map(target => [
			target.name,
			target.goal,
			targetFigure(target, target.measured),
			...(before ? [beforeOf(before, target)] : []),
			verdict(target.met),
		]),
		notes: [
			...results.targets.filter(target => target.note).map(target => `${target.name}: ${target.note}.`),
			...(before ? [`Before: ${before.source} (${before.settings.rounds} rounds after ${before.settings.warmup} warm-up${before.settings.quick ? ', --quick' : ''}, ${before.machine.cores} cores, Node ${before.machine.node}).`] : []),
			...(results.before && !before ? [`Before: ${results.before.source} is ${results.before.settings.quick ? 'a --quick run' : 'a full run'}, this one is not: not set side by side.`] : []),
			`Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}${machine.curl ? `, ${machine.curl.split(' (')[0]}` : ''}; ${runs}.`,
		],
	}];
}
