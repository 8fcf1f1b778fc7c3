import type {Strategy, StrategyName} from './types.js';

/** Keys the live UI keeps for itself (quit, rerun all, widths, timeline, histogram, back). */
const reservedKeys = new Set(['q', 'r', '+', '=', '-', '_', 't', 'h', 'g']);

/** Words --mode takes besides the names. */
const modeWords = new Set(['both', 'all']);

/**
 * The strategies of a race, as a value the entry layer builds and passes down (tests build their own),
 * in the order they run, are shown and are compared. Nothing outside a strategy's own file names it:
 * what the verdict needs of one is its role.
 */
export type Registry = {
	readonly all: readonly Strategy[];
	names(): StrategyName[];
	find(name: StrategyName): Strategy | undefined;
	/** The strategy called `name`; throws for a name the registry does not hold, naming those it does. */
	named(name: StrategyName): Strategy;
	/**
	 * --mode's value as the strategies to run, in order: a comma list of names, `both` (the one-at-a-time
	 * strategy, then the event loop's) or `all` (every strategy). Throws an Error with a one-line message.
	 */
	parseModes(text: string): StrategyName[];
	/** What --mode accepts, for the help text: "sequential | parallel | … | both | all". */
	modeChoices(): string;
};

/** A registry of `strategies`: names, keys and mode words must be unambiguous, so a clash throws. */
export function createRegistry(strategies: readonly Strategy[]): Registry {
	const seen = new Set<string>();
	const keys = new Set<string>();
	for (const strategy of strategies) {
		if (seen.has(strategy.name) || modeWords.has(strategy.name) || !/^[a-z][a-z\d-]*$/.test(strategy.name)) {
			throw new Error(`cannot register a strategy named '${strategy.name}'`);
		}

		if (reservedKeys.has(strategy.key) || keys.has(strategy.key)) {
			throw new Error(`strategy '${strategy.name}': key '${strategy.key}' is taken`);
		}

		seen.add(strategy.name);
		keys.add(strategy.key);
	}

	const all = [...strategies];
	const names = () => all.map(entry => entry.name);
	const find = (name: StrategyName) => all.find(entry => entry.name === name);
	const firstOf = (role: Strategy['role']) => all.filter(entry => entry.role === role).slice(0, 1).map(entry => entry.name);
	return {
		all,
		names,
		find,
		named(name) {
			const strategy = find(name);
			if (!strategy) {
				throw new Error(`unknown strategy '${name}' (known: ${names().join(', ')})`);
			}

			return strategy;
		},
		parseModes(text) {
			const chosen: StrategyName[] = [];
			const words = text.split(',').map(part => part.trim());
			// A strategy named twice, directly or through both or all, is a slip, not a second run (--runs repeats).
			const from = new Map<StrategyName, string>();
			const twice = (name: StrategyName, word: string) => {
				const alias = [from.get(name), word].find(each => each !== name);
				return new Error(`--mode names '${name}' twice${alias === undefined ? '' : ` (${alias} includes it)`}: each strategy runs once a round (to run it again, use --runs N)`);
			};

			for (const word of words) {
				const expanded = word === 'both' ? [...firstOf('one-at-a-time'), ...firstOf('event-loop')] : (word === 'all' ? names() : [word]);
				for (const name of expanded) {
					if (!find(name)) {
						throw new Error(`--mode must be ${names().join(', ')}, both or all (or a comma list of names), got '${text}'`);
					}

					if (chosen.includes(name)) {
						throw twice(name, word);
					}

					chosen.push(name);
					from.set(name, word);
				}
			}

			return chosen;
		},
		modeChoices: () => [...names(), ...modeWords].join(' | '),
	};
}

/**
 * Whether --concurrency and +/- change the strategy's width, read from its own slots rule (so "the
 * sequential strategy takes one slot" is said in one place only).
 */
export function followsConcurrency(strategy: Strategy): boolean {
	return strategy.slots(1, 2, 'download') !== strategy.slots(2, 2, 'download');
}

/**
 * Whether the strategy takes one slot whatever the list and the request, read from its slots rule:
 * its titles then leave the width out ("sequential", not "sequential×1").
 */
export function takesOneSlot(strategy: Strategy): boolean {
	return strategy.slots(0, 1000, 'download') === 1 && strategy.slots(1000, 1000, 'download') === 1;
}
