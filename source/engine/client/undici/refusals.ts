import type {Socket} from 'node:net';
import symbols from 'undici/lib/core/symbols.js';

/**
 * undici words a response head that llhttp refused as a length mismatch whenever a Content-Length header
 * came before the fault (client-h1.js createError checks its own count first), and llhttp's reason is
 * lost: two Content-Length headers that disagree read as a body cut short. The parser still holds the
 * reason while the socket emits that error (undici frees it at the socket's close, before the request
 * hears of it), so each new connection gets one listener that keeps it for undiciError to say.
 */

/** What imgrace reads of undici's llhttp parser (client-h1.js Parser), which may not be there (its milo parser). */
type Parser = {
	readonly ptr?: number | null;
	readonly llhttp?: {readonly memory: {readonly buffer: ArrayBuffer}; llhttp_get_error_reason(ptr: number): number};
};

const reasons = new WeakMap<object, string>();

export function watchRefusals(socket: Socket): void {
	socket.on('error', noteReason);
}

/** llhttp's reason for refusing the bytes that ended in `error`, when undici put its own words in its place. */
export function refusalReason(error: unknown): string | undefined {
	return typeof error === 'object' && error !== null ? reasons.get(error) : undefined;
}

function noteReason(this: Socket, error: Error & {code?: string}): void {
	if (error.code !== 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
		return;
	}

	const parser = (this as unknown as Record<symbol, Parser | null | undefined>)[symbols.kParser];
	const at = parser?.ptr && parser.llhttp ? parser.llhttp.llhttp_get_error_reason(parser.ptr) : 0;
	if (at) {
		const memory = new Uint8Array(parser!.llhttp!.memory.buffer, at);
		reasons.set(error, Buffer.from(memory.subarray(0, memory.indexOf(0))).toString('latin1'));
	}
}
