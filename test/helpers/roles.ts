import type {StrategyName, StrategyRole} from '../../source/engine/run-spec.js';

/** The role a made-up run of `strategy` plays: the built-in strategies' own, the event loop's for a test's. */
export function roleOf(strategy: StrategyName): StrategyRole {
	switch (strategy) {
		case 'sequential': {
			return 'one-at-a-time';
		}

		case 'threads':
		case 'processes': {
			return 'workers';
		}

		case 'pipeline': {
			return 'pipeline';
		}

		default: {
			return 'event-loop';
		}
	}
}
