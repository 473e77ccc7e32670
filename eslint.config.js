// Why this file exists: the structural rules of the house (no import circles, no function over
// 80 lines) are checked by a well-kept tool on every test run, not by review. Only those rules:
// no style rules and no formatter, so the check never rewrites or argues about layout.
import tseslint from "typescript-eslint";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

export default tseslint.config(
  {
    // The review editor's browser script is plain browser code outside the TypeScript graph.
    ignores: ["dist/**", "node_modules/**", "src/review/assets/**"],
  },
  {
    files: ["src/**/*.ts"],
    languageOptions: { parser: tseslint.parser },
    plugins: { "import-x": importX },
    settings: {
      // Follow .ts files and parse them with the TypeScript parser when walking the import graph.
      "import-x/extensions": [".ts", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      // Sources import "./x.js" that resolves to "./x.ts", as NodeNext wants.
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
    },
    // Directives written for rules this config does not run are left alone, not reported.
    linterOptions: { reportUnusedDisableDirectives: "off" },
    rules: {
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }],
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
);
