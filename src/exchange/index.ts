// The exchange stage: CAT-tool files written from and read back into an
// Article — XLIFF 1.2 and 2.0 (export and import), TMX 1.4b (export) — all
// as xast trees (xastscript, xast-util-to-xml, xast-util-from-xml); and an
// OmegaT project (omegat/) out and back.
export { exportXliff12 } from './xliff12.js';
export { exportXliff20 } from './xliff20.js';
export { exportTmx } from './tmx.js';
export { readXliff, xliffMerge, type ExchangeDocument, type ExchangeSegment, type ImportReport } from './xliff-import.js';
export { buildOmegatProject, type ExportedProject, type StoreInput } from './omegat/export-project.js';
export { omegatMerge, readOmegatProject, type OmegatImportReport, type OmegatProject, type ReturnedFile } from './omegat/import-project.js';
export { PROJECT_FILE as OMEGAT_PROJECT_FILE } from './omegat/project-file.js';
