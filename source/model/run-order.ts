/**
 * The order of the strategies in round `round` (0-based, warm-up rounds counted) of a repeated race:
 * interleaved, one run of each per round, never all of one strategy before the next, and every other round
 * reversed (A B, B A, A B, …). Interleaving spreads a machine that slows down mid-race over every
 * strategy; reversing cancels what plain A B A B still leaves: with a steady drift the strategy listed
 * first always runs earlier in its round, and over two rounds each now takes each place once.
 */
export function roundOrder<Name>(mode: readonly Name[], round: number): Name[] {
	return round % 2 === 0 ? [...mode] : [...mode].reverse();
}
