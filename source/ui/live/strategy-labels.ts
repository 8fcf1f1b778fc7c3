import type {StrategyName, WorkName} from '../../engine/run-spec.js';
import {followsConcurrency, takesOneSlot, type Registry} from '../../strategies/registry.js';
import type {StrategyLabel, StrategyLabels} from '../../view/snapshot.js';

/**
 * How the registry's entry for `strategy` is shown; a name it does not know is shown as is. `work`
 * (--work) is what the width a strategy takes by default can depend on (threads: one per core for
 * CPU-bound work), so a panel says the width its run will have before it starts.
 */
export function registryLabels(registry: Registry, strategy: StrategyName, work: WorkName = 'download'): StrategyLabel {
	const entry = registry.find(strategy);
	if (!entry) {
		return {title: strategy, key: '', showsWidth: true, followsConcurrency: true, slots: requested => requested};
	}

	return {title: entry.title, key: entry.key, showsWidth: !takesOneSlot(entry), followsConcurrency: followsConcurrency(entry), slots: (requested, count) => entry.slots(requested, count, work)};
}

/** The registry's labels for a session doing `work`. */
export function labelsForWork(registry: Registry, work: WorkName | undefined): StrategyLabels {
	return strategy => registryLabels(registry, strategy, work);
}
