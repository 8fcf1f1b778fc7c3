import {formatDuration} from '../format/format.js';
import type {Glyphs} from '../format/glyphs.js';
import {fitText} from '../format/fit-text.js';
import {progressBar} from '../format/progress-bar.js';
import {spinnerFrame} from '../format/spinner.js';
import type {RunProgress} from '../model/run-progress.js';

export type ProgressLineInput = {
	/** Which run of the race: "run 2/3", "warm-up 1/1", or '' for a race of one run each. */
	readonly round: string;
	/** "sequential", "parallel×4". */
	readonly name: string;
	readonly progress: RunProgress;
	/** Columns the line may take. */
	readonly width: number;
	readonly glyphs: Glyphs;
};

/** The widest the bar gets: past this a wide terminal only stretches it. */
const maxBar = 30;

/** What the figures after the bar take at most, usually: " 100%  12.34s · ETA 12.34s". */
const rightColumns = 26;

/**
 * hyperfine's progress line for one run of a scripted race: "⠹ run 2/3 parallel×4  5/8 ██████▍░░░░░  62%
 * 1.21s · ETA 0.74s". The bar takes what the words leave, up to 30 columns, and goes first when the
 * terminal is narrow; the line never exceeds `width`. Pure: the spinner turns with the elapsed time.
 */
export function progressLine({round, name, progress, width, glyphs}: ProgressLineInput): string {
	const spinner = spinnerFrame(progress.elapsedMs, glyphs);
	const left = [spinner, round, name].filter(part => part !== '').join(' ');
	const count = `${progress.done}/${progress.total}`;
	const percent = `${Math.floor(progress.fraction * 100)}%`.padStart(4);
	const eta = progress.etaMs === undefined ? '' : ` ${glyphs.separator} ETA ${formatDuration(progress.etaMs)}`;
	const right = `${percent}  ${formatDuration(progress.elapsedMs)}${eta}`;
	// The bar's width is set by the widest the figures usually get, not by today's: it must not twitch.
	const words = [...`${left}  ${count} `].length + Math.max(rightColumns, [...` ${right}`].length);
	const bar = Math.min(maxBar, width - words);
	const line = bar >= 5
		? `${left}  ${count} ${progressBar({transferred: progress.fraction, total: 1, width: bar}, glyphs)} ${right}`
		: `${left}  ${count} ${right}`;
	return fitText(line, width, 'left', glyphs).trimEnd();
}
