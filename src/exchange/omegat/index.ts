// OmegaT: a ready project out (source PO, machine TMX in tm/auto, settled
// English in the project memory, the pinned glossary) and its translations back.
export {
  buildOmegatProject,
  isSettled,
  GLOSSARY_FILE,
  MACHINE_TMX,
  MANIFEST_FILE,
  MEMORY_FILE,
  PROJECT_DIRS,
  type ExportedProject,
  type ProjectManifest,
  type SentTranslation,
  type StoreInput,
} from './export-project.js';
export { mergeOmegat, normaliseFrench, readOmegatProject, type OmegatImportReport, type OmegatProject, type ReturnedFile, type ReturnedSegment } from './import-project.js';
export { writeOmegatGlossary, type PinnedTerm } from './glossary.js';
export { readPo, writePo, type PoEntry } from './po.js';
export { PROJECT_FILE, readProjectFile, writeProjectFile, type ProjectSettings } from './project-file.js';
export { readMemoryTmx, writeMemoryTmx, type MemoryUnit } from './tmx.js';
