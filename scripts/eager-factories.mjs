// esbuild wraps each CommonJS module of a bundle in a factory, `var r = w((exports, module) => {…})`, run
// when the module is first required. V8 compiles an arrow function there lazily, at its first call, and
// Node's compile cache keeps only what V8 compiled with the script: every worker compiled the bodies of
// undici's ~50 modules again, ~7 ms of a worker's ~39 ms of CPU before it is ready (profiled, 2 shared
// cores). Written `w((function(exports, module) {…}))`, a parenthesized function, V8 compiles them with
// the script and the cache holds them. Only where that changes nothing: a body that reads `this`,
// `arguments`, `new.target` or `super` of its own is left as it is. The source map is moved with the code.
import * as acorn from 'acorn';
import {applyEdits} from './source-edits.mjs';

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

/** The code with its CommonJS factories compiled eagerly, its source map moved alike, and how many. */
export function eagerFactories(code, map) {
	const arrows = factories(acorn.parse(code, {ecmaVersion: 'latest', sourceType: 'module'}));
	const edits = arrows.flatMap(arrow => {
		const parameters = arrow.params.map(parameter => code.slice(parameter.start, parameter.end)).join(',');
		return [
			{start: arrow.start, end: arrow.body.start, text: `(function(${parameters})`},
			{start: arrow.end, end: arrow.end, text: ')'},
		];
	});
	return {...applyEdits(code, map, edits), count: arrows.length};
}
