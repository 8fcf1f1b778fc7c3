import {flagSpecs} from './flags.js';
import type {RawFlags} from './race-config.js';
import {UsageError} from './usage-error.js';

/**
 * The embedded server's flags (--latency, --size, …) shape images only that server serves: with --url or
 * --urls they would do nothing, so saying so beats a race that silently ignores them (as --thumb-size
 * without --work thumbnail is refused).
 */
export function refuseServerFlags(flags: RawFlags, source: '--url' | '--urls'): void {
	const given = flagSpecs.filter(spec => spec.group === 'Embedded server' && spec.commands.includes('race') && flags[spec.name] !== undefined).map(spec => `--${spec.name}`);
	if (given.length > 0) {
		const one = given.length === 1;
		throw new UsageError(`${given.join(', ')} ${one ? 'shapes' : 'shape'} the embedded server's images, and with ${source} there is none: drop ${one ? 'it' : 'them'}`);
	}
}
