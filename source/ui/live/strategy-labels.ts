import type {StrategyName} from '../../engine/events.js';
import {findStrategy, followsConcurrency, takesOneSlot} from '../../strategies/registry.js';
import type {StrategyLabel} from '../../view/snapshot.js';

/** How the registry's entry for `strategy` is shown; a name it does not know is shown as is. */
export function registryLabels(strategy: StrategyName): StrategyLabel {
	const entry = findStrategy(strategy);
	if (!entry) {
		return {title: strategy, key: '', showsWidth: true, followsConcurrency: true, slots: requested => requested};
	}

	return {title: entry.title, key: entry.key, showsWidth: !takesOneSlot(entry), followsConcurrency: followsConcurrency(entry), slots: (requested, count) => entry.slots(requested, count)};
}
