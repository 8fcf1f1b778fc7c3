// Edits to a bundle's text (scripts/bundle-workers.mjs) that keep its source map true: each edit replaces
// a span of the code, and the map's generated columns after it on its line move by what it added.

const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeVlq(text) {
	const values = [];
	let value = 0;
	let shift = 0;
	for (const char of text) {
		const digit = base64.indexOf(char);
		value += (digit & 31) << shift;
		if (digit & 32) {
			shift += 5;
		} else {
			values.push(value & 1 ? -(value >>> 1) : value >>> 1);
			value = 0;
			shift = 0;
		}
	}

	return values;
}

function encodeVlq(values) {
	return values.map(number => {
		let rest = number < 0 ? (-number << 1) | 1 : number << 1;
		let text = '';
		do {
			const digit = rest & 31;
			rest >>>= 5;
			text += base64[rest > 0 ? digit | 32 : digit];
		} while (rest > 0);
		return text;
	}).join('');
}

/** Generated columns of `mappings` moved by the edits ({line, column, removed, inserted}), line by line. */
function moveMappings(mappings, edits) {
	return mappings.split(';').map((line, index) => {
		const here = edits.filter(edit => edit.line === index).sort((a, b) => a.column - b.column);
		if (here.length === 0 || line === '') {
			return line;
		}

		const moved = column => {
			let shift = 0;
			for (const edit of here) {
				if (column >= edit.column + edit.removed) {
					shift += edit.inserted - edit.removed;
				} else if (column >= edit.column) {
					return edit.column + shift;
				}
			}

			return column + shift;
		};

		let before = 0;
		let movedBefore = 0;
		return line.split(',').map(segment => {
			const [delta, ...rest] = decodeVlq(segment);
			const column = before + delta;
			const to = moved(column);
			const text = encodeVlq([to - movedBefore, ...rest]);
			before = column;
			movedBefore = to;
			return text;
		}).join(',');
	}).join(';');
}

/**
 * `code` with each edit's span (`start` to `end`, offsets in `code`, none overlapping) replaced by its
 * `text`, and `map` (a source map of `code`, or undefined) moved alike.
 */
export function applyEdits(code, map, edits) {
	const lineStarts = [0];
	for (let index = code.indexOf('\n'); index !== -1; index = code.indexOf('\n', index + 1)) {
		lineStarts.push(index + 1);
	}

	const at = offset => {
		let line = lineStarts.length - 1;
		while (lineStarts[line] > offset) {
			line--;
		}

		return {line, column: offset - lineStarts[line]};
	};

	let result = code;
	for (const edit of edits.toSorted((a, b) => b.start - a.start)) {
		result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
	}

	const moves = edits.map(edit => ({...at(edit.start), removed: edit.end - edit.start, inserted: edit.text.length}));
	return {code: result, map: map && {...map, mappings: moveMappings(map.mappings, moves)}};
}
