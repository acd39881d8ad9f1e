// Parameter names read from a function's source, only to word errors ("argument 2
// (options.callback)"). Best effort: a destructured or unusual parameter list gives no name,
// and the message then shows the path alone.

const ONE_PARAM_ARROW = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/;
const SIMPLE_PARAM = /^(\.\.\.)?\s*([A-Za-z_$][\w$]*)\s*(?:=[\s\S]*)?$/;

interface Params {
  names: Array<string | undefined>;
  /** The last name collects the remaining arguments (`...rest`). */
  rest: boolean;
}

const NONE: Params = { names: [], rest: false };

function parse(source: string): Params {
  if (/^class\b/.test(source)) return NONE;
  const arrow = ONE_PARAM_ARROW.exec(source);
  if (arrow) return { names: [arrow[1]], rest: false };
  const open = source.indexOf('(');
  if (open < 0) return NONE;
  const pieces: string[] = [];
  let piece = '';
  let depth = 0;
  for (let i = open + 1; ; i++) {
    const c = source[i];
    // Strings, comments and regular expressions would need a tokenizer; not worth one here.
    if (c === undefined || c === '"' || c === "'" || c === '`' || c === '/') return NONE;
    if (c === ')' && depth === 0) break;
    if (c === ',' && depth === 0) {
      pieces.push(piece);
      piece = '';
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    piece += c;
  }
  if (piece.trim()) pieces.push(piece);
  let rest = false;
  const names = pieces.map((p) => {
    const m = SIMPLE_PARAM.exec(p.trim());
    if (m?.[1]) rest = true;
    return m?.[2];
  });
  return { names, rest };
}

/** The name argument `index` (0-based) is known by inside the function, if it can be told. */
export function argumentName(source: string, index: number): string | undefined {
  const { names, rest } = parse(source);
  const last = names.length - 1;
  if (rest && index >= last) {
    const name = names[last];
    return name === undefined ? undefined : `${name}[${index - last}]`;
  }
  return names[index];
}
