/** Widths `imageAtWidth` paints: 4096 × 3072 is already ~12 M pixels to paint and encode while the server waits. */
export const minWidth = 8;
export const maxWidth = 4096;
