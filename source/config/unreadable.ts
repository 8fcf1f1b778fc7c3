import {fileErrorWords} from '../format/file-errors.js';

/** Why a file given on the command line could not be read, in words. */
export function whyUnreadable(error: unknown): string {
	return fileErrorWords(error, {ENOENT: 'no such file'});
}
