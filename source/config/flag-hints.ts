import type {EngineEvent, FailureHint} from '../engine/events.js';

/**
 * The command line's words for a failure's hint: the engine says what happened and which setting bears
 * on it; which flag sets that is the CLI's to say.
 */
export const flagHints: Readonly<Record<FailureHint, {readonly flags: readonly string[]; readonly text: string}>> = {
	maxSize: {flags: ['max-size'], text: ' (--max-size)'},
	trustCa: {flags: ['cacert', 'insecure'], text: '; use --cacert FILE or --insecure'},
	insecure: {flags: ['insecure'], text: '; --insecure skips the check'},
	foreignFile: {flags: ['out'], text: '; move it away, or race into another folder (--out)'},
};

/** The event with its failure reason naming the flag for its hint; any other event as it is. */
export function flagHint(event: EngineEvent): EngineEvent {
	if ((event.type === 'image-failed' || event.type === 'image-retried') && event.hint !== undefined) {
		return {...event, reason: `${event.reason}${flagHints[event.hint].text}`};
	}

	return event;
}
