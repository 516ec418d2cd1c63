import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/*
 * README.ko.md is a translation of README.md. These checks keep the two in step where drift
 * would mislead a reader: the same sections in the same order, the same config fields, the same
 * error codes in the troubleshooting table, and in-page links that lead somewhere.
 */

const read = (name: string) => readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');
const english = read('README.md');
const korean = read('README.ko.md');

/** Markdown headings outside code blocks, as `{ level, text }`. */
const headings = (markdown: string) => {
  let inCode = false;
  const found: { level: number; text: string }[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) {
      inCode = !inCode;
    }
    const match = inCode ? null : /^(#{1,6}) (.+)$/.exec(line);
    if (match) {
      found.push({ level: match[1]!.length, text: match[2]!.trim() });
    }
  }
  return found;
};

/** The section under the `index`-th level-2 heading. */
const section = (markdown: string, index: number) => markdown.split(/^## /m)[index + 1] ?? '';

/**
 * The first cell of each body row of the tables in `text`, or the code each list item starts with
 * (the README lists fields and errors, which read better than tables in the Console's column),
 * backticks kept.
 */
const firstCells = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('| `') || line.startsWith('- `'))
    .map((line) => (line.startsWith('|') ? line.split('|')[1]!.trim() : /^- (`[^`]+`)/.exec(line)![1]!));

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const levelTwo = (markdown: string) => headings(markdown).filter(({ level }) => level === 2);
const sectionIndex = (markdown: string, english: string) =>
  levelTwo(markdown).findIndex(({ text }) => text === english);

describe('README.ko.md keeps in step with README.md', () => {
  it('has the same headings, level by level, in the same order', () => {
    expect(headings(korean).map(({ level }) => level)).toEqual(headings(english).map(({ level }) => level));
    expect(levelTwo(english).length).toBeGreaterThan(5);
  });

  it('lists the same config fields', () => {
    const config = sectionIndex(english, 'Configuration');
    expect(firstCells(section(korean, config))).toEqual(firstCells(section(english, config)));
    expect(firstCells(section(english, config))).toContain('`openIdConnect`');
  });

  it('lists the same error codes, in the same order, in the troubleshooting table', () => {
    const troubleshooting = sectionIndex(english, 'Troubleshooting');
    const codes = firstCells(section(english, troubleshooting));
    expect(codes).toContain('`social_invalid_id_token`');
    expect(firstCells(section(korean, troubleshooting))).toEqual(codes);
  });

  it('links to each other, and every in-page link has its heading', () => {
    expect(english).toContain('](./README.ko.md)');
    expect(korean).toContain('](./README.md)');
    for (const markdown of [english, korean]) {
      const anchors = new Set(headings(markdown).map(({ text }) => slug(text)));
      const links = [...markdown.matchAll(/\]\(#([^)]+)\)/g)].map(([, anchor]) => anchor);
      expect(links.length).toBeGreaterThan(0);
      expect(links.filter((anchor) => !anchors.has(anchor!))).toEqual([]);
    }
  });
});
