/**
 * Replays the `curl` commands a mock script prints, with `fetch`: a test can then check that
 * each "try it" command works against the mock that printed it, whatever the spec holds.
 */
import { expect } from "vitest";

/** Splits a POSIX shell line into words: single quotes, and backslash escapes outside them. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === "'") {
      const end = line.indexOf("'", i + 1);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (char === "\\") word = (word ?? "") + line[++i];
    else if (char === " ") {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? "") + char;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The `curl -i -X M URL -H ... -d ...` commands in a script's output, as fetch arguments. */
export function printedCurls(output: string): { url: string; init: RequestInit & { headers: Record<string, string> } }[] {
  return output
    .split("\n")
    .filter((line) => line.trimStart().startsWith("curl "))
    .map((line) => {
      const words = shellWords(line.trim());
      const headers: Record<string, string> = {};
      const init: RequestInit & { headers: Record<string, string> } = { headers };
      let url = "";
      for (let i = 1; i < words.length; i++) {
        const word = words[i]!;
        if (word === "-X") init.method = words[++i];
        else if (word === "-H") {
          const header = words[++i]!;
          headers[header.slice(0, header.indexOf(":"))] = header.slice(header.indexOf(":") + 1).trim();
        } else if (word === "-d") init.body = words[++i];
        else if (!word.startsWith("-")) url = word;
      }
      return { url, init };
    });
}

/**
 * Replays each printed command and asserts it is answered as it means: the status its
 * `Prefer: code=` asks for, else a success.
 */
export async function expectAnsweredAsMeant(commands: ReturnType<typeof printedCurls>): Promise<void> {
  for (const { url, init } of commands) {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
    const asked = /code=(\d+)/.exec(init.headers.Prefer ?? "")?.[1];
    if (asked) expect(response.status, `${init.method} ${url}`).toBe(Number(asked));
    else expect(response.status, `${init.method} ${url}`).toBeLessThan(300);
  }
}
