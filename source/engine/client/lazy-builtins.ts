import {createRequire} from 'node:module';
import type * as Https from 'node:https';
import type * as Tls from 'node:tls';
import type * as Zlib from 'node:zlib';

// Node's modules that a worker's start-up should not pay for until a URL needs them: https and tls
// (with crypto) for the first https URL or redirect, zlib for the first compressed body. require()
// is synchronous, so a request's first step stays in the same turn.
let require: NodeJS.Require | undefined;
// Made at the first load, not at import: making a require function walks the file's node_modules paths,
// and in a worker file node:module itself loads only then (scripts/bundle-workers.mjs).
const load = (id: string) => (require ??= createRequire(import.meta.url))(id);

let https: typeof Https | undefined;
let tls: typeof Tls | undefined;
let zlib: typeof Zlib | undefined;

export function httpsModule(): typeof Https {
	https ??= load('node:https') as typeof Https;
	return https;
}

export function tlsModule(): typeof Tls {
	tls ??= load('node:tls') as typeof Tls;
	return tls;
}

export function zlibModule(): typeof Zlib {
	zlib ??= load('node:zlib') as typeof Zlib;
	return zlib;
}
