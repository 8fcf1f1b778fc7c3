// esbuild wraps each CommonJS module of a bundle in a factory, `var r = w((exports, module) => {…})`, run
// when the module is first required. V8 compiles an arrow function there lazily, at its first call, and
// Node's compile cache keeps only what V8 compiled with the script: every worker compiled the bodies of
// undici's ~50 modules again, ~7 ms of a worker's ~39 ms of CPU before it is ready (profiled, 2 shared
// cores). Written `w((function(exports, module) {…}))`, a parenthesized function, V8 compiles them with
// the script and the cache holds them. Only where that changes nothing: a body that reads `this`,
// `arguments`, `new.target` or `super` of its own is left as it is. The source map is moved with the code.
import * as acorn from 'acorn';

/** Nodes that start a function or class of their own: `this` and `arguments` inside them are theirs. */
const ownScope = new Set(['FunctionExpression', 'FunctionDeclaration', 'ClassDeclaration', 'ClassExpression']);

function children(node) {
	return Object.values(node).flatMap(value => Array.isArray(value) ? value : [value]).filter(value => value && typeof value.type === 'string');
}

/** Whether the arrow function's body reads what a function expression would bind differently. */
function bindsDifferently(arrow) {
	const pending = [arrow.body];
	while (pending.length > 0) {
		const node = pending.pop();
		if (node.type === 'ThisExpression' || node.type === 'Super' || node.type === 'MetaProperty' || (node.type === 'Identifier' && node.name === 'arguments')) {
			return true;
		}

		if (!ownScope.has(node.type)) {
			pending.push(...children(node));
		}
	}

	return false;
}

/** `var x = f((a, b) => {…})` at the top of the module: the shape of every factory esbuild writes. */
function factories(program) {
	return program.body
		.filter(statement => statement.type === 'VariableDeclaration')
		.flatMap(declaration => declaration.declarations.map(declarator => declarator.init))
		.filter(init => init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.arguments.length === 1)
		.map(call => call.arguments[0])
		.filter(arrow => arrow.type === 'ArrowFunctionExpression' && arrow.body.type === 'BlockStatement' && !arrow.async && !bindsDifferently(arrow));
}

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

/** The code with its CommonJS factories compiled eagerly, its source map moved alike, and how many. */
export function eagerFactories(code, map) {
	const arrows = factories(acorn.parse(code, {ecmaVersion: 'latest', sourceType: 'module'}));
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

	const edits = arrows.flatMap(arrow => {
		const parameters = arrow.params.map(parameter => code.slice(parameter.start, parameter.end)).join(',');
		return [
			{start: arrow.start, end: arrow.body.start, text: `(function(${parameters})`},
			{start: arrow.end, end: arrow.end, text: ')'},
		];
	});
	let result = code;
	for (const edit of edits.toSorted((a, b) => b.start - a.start)) {
		result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
	}

	const moves = edits.map(edit => ({...at(edit.start), removed: edit.end - edit.start, inserted: edit.text.length}));
	return {code: result, map: map && {...map, mappings: moveMappings(map.mappings, moves)}, count: arrows.length};
}
