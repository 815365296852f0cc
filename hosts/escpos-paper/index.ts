/**
 * The ESC/POS interpreter: `interpretEscPos(bytes, { width })` gives the
 * paper, `paperToSvg(paper)` draws it. A host-side tool for the CLI, the
 * simulator and the tests; it shares no code with modules/escpos.
 */
export { interpretEscPos, type InterpretOptions } from "./interpret.ts";
export { paperToSvg } from "./svg.ts";
export { EscPosPaperError, type EscPosPaperErrorCode } from "./error.ts";
export type { Paper, PaperItem, PaperSpan, PaperProblem, PaperAlign, ProblemCode } from "./paper.ts";
export { readToken, type Token, type TokenKind } from "./tokenize.ts";
