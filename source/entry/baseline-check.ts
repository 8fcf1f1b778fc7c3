import type {Baseline} from '../config/baseline-file.js';
import {UsageError} from '../config/usage-error.js';
import {displayText} from '../format/safe-text.js';
import {settingDifferences} from '../model/race-settings.js';
import {writeStderr} from '../output/stdout.js';

/**
 * Before anything downloads: a baseline of another race (other images, another server, mode, width or
 * work) would make "slower" meaningless, so it is one usage line naming what differs (exit 2). An older
 * export that does not record some of the settings is compared with a note naming them: refusing it
 * would throw away every baseline saved before they were recorded, and the ones it does record (images,
 * mode, width, the server's latency and bandwidths) are still checked.
 */
export function checkBaseline(baseline: Baseline, race: Readonly<Record<string, unknown>>): void {
	const named = `--baseline ${displayText(baseline.file, 120)}`;
	const {differences, unrecorded} = settingDifferences(baseline.settings, race);
	if (differences.length > 0) {
		throw new UsageError(`${named} is another race: ${differences.join('; ')} (compare like with like)`);
	}

	if (unrecorded.length > 0) {
		writeStderr(`imgrace: ${named} does not record ${unrecorded.join(', ')} (an older export): compared as if they matched\n`);
	}
}
