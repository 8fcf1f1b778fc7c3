import assert from 'node:assert/strict';

/** Every line at most `width` columns (code points: the charts print only one-column characters). */
export function assertFits(lines: readonly string[], width: number): void {
	for (const line of lines) {
		assert.ok([...line].length <= width, `${[...line].length} > ${width}: ${JSON.stringify(line)}`);
	}
}

export function assertAscii(lines: readonly string[]): void {
	for (const line of lines) {
		assert.match(line, /^[\x20-\x7E]*$/, `not ASCII: ${JSON.stringify(line)}`);
	}
}
