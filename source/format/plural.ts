/** "1 image", "3 images": a count with its noun, so no output ever says "1 images". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
	return `${count} ${count === 1 ? singular : pluralForm}`;
}
