import type {EngineEvent} from '../engine/events.js';
import {displayText} from '../format/safe-text.js';

/**
 * The event with every piece of outside text made displayable: the one gate between the engine and
 * what the front ends (live UI, plain lines, JSON) show or report. Progress events, the hot path,
 * carry no text and pass through untouched.
 */
export function displayEvent(event: EngineEvent): EngineEvent {
	switch (event.type) {
		case 'run-started': {
			return {...event, urls: event.urls.map(url => displayText(url)), outDir: displayText(event.outDir)};
		}

		case 'image-queued':
		case 'image-started': {
			// Copied only when something changed: these come several times per image.
			const url = displayText(event.url);
			return url === event.url ? event : {...event, url};
		}

		case 'image-first-byte': {
			return event.contentType === undefined ? event : {...event, contentType: displayText(event.contentType)};
		}

		case 'image-retried': {
			return {...event, reason: displayText(event.reason)};
		}

		case 'image-done': {
			const url = displayText(event.url);
			const path = displayText(event.path);
			const contentType = displayText(event.contentType);
			return url === event.url && path === event.path && contentType === event.contentType ? event : {...event, url, path, contentType};
		}

		case 'image-failed': {
			return {...event, url: displayText(event.url), reason: displayText(event.reason)};
		}

		default: {
			return event;
		}
	}
}
