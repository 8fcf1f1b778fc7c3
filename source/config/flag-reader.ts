import type {FlagName} from './flags.js';
import type {RawFlags} from './race-config.js';
import {UsageError} from './usage-error.js';
import {parseInteger, parseMilliseconds, parseSeconds, parseSize, type SizeLimits} from './values.js';

/**
 * Reads the raw flags by their names in the flag table (flags.ts), each name said once per read: the
 * same name picks the value and is quoted in the message when the value is wrong.
 */
export type FlagReader = {
	/** The text as given, or undefined. */
	text(name: FlagName): string | undefined;
	/** Every value of a repeatable flag, in order. */
	list(name: FlagName): readonly string[];
	/** A switch: true, false (`--no-NAME`) or undefined when not given. */
	toggle(name: FlagName): boolean | undefined;
	integer(name: FlagName, fallback: number, min: number, max: number): number;
	seconds(name: FlagName, fallbackMs: number): number;
	milliseconds(name: FlagName, fallback: number): number;
	size(name: FlagName, fallback: number, limits?: SizeLimits): number;
};

export function flagReader(flags: RawFlags): FlagReader {
	const text = (name: FlagName): string | undefined => {
		const value = flags[name];
		if (typeof value === 'boolean') {
			throw new UsageError(`--${name} needs a value`);
		}

		if (typeof value === 'object') {
			throw new UsageError(`--${name} was given more than once; give it once`);
		}

		return value;
	};

	return {
		text,
		list(name) {
			const value = flags[name];
			if (value === undefined) {
				return [];
			}

			if (typeof value === 'boolean') {
				throw new UsageError(`--${name} needs a value`);
			}

			return typeof value === 'string' ? [value] : value;
		},
		toggle(name) {
			const value = flags[name];
			return typeof value === 'boolean' ? value : undefined;
		},
		integer: (name, fallback, min, max) => parseInteger(name, text(name), fallback, min, max),
		seconds: (name, fallbackMs) => parseSeconds(name, text(name), fallbackMs),
		milliseconds: (name, fallback) => parseMilliseconds(name, text(name), fallback),
		size: (name, fallback, limits) => parseSize(name, text(name), fallback, limits),
	};
}
