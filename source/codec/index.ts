// Baseline JPEG writing, shared by the image server (which paints straight into DCT coefficients) and the thumbnail work (which encodes pixels). Pure, no I/O.
export {writeJpeg, type BlockSource} from './jpeg-writer.js';
export {encodeRgba, type RgbaPixels} from './encode-rgba.js';
