'use strict';

/** Compose variable interpolation, applied before validation as Compose applies it. */

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Index of the "}" that closes a "${" whose body starts at `start`, or -1. */
function findClosingBrace(text, start) {
  let depth = 1;
  for (let index = start; index < text.length; index += 1) {
    if (text[index] === '{') {
      depth += 1;
    } else if (text[index] === '}') {
      depth -= 1;
      if (depth === 0) {
        return index;
      }
    }
  }
  return -1;
}

function resolveBraced(body, env, where, report) {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
  if (!match) {
    report.errors.push(`${where}: invalid interpolation "\${${body}}"; use \${NAME}, \${NAME:-default} or \${NAME:?message}.`);
    return '';
  }
  const [, name, operator, argument = ''] = match;
  const value = env[name];
  const isSet = value !== undefined;
  const isSetAndNonEmpty = isSet && value !== '';
  const nested = () => interpolateString(argument, env, where, report);

  switch (operator) {
    case undefined:
      if (!isSet) {
        report.warnings.push(`${where}: variable ${name} is not set; Compose substitutes an empty string.`);
      }
      return value ?? '';
    case ':-':
      return isSetAndNonEmpty ? value : nested();
    case '-':
      return isSet ? value : nested();
    case ':?':
    case '?':
      if (operator === ':?' ? !isSetAndNonEmpty : !isSet) {
        report.errors.push(`${where}: required variable ${name} is missing: ${nested() || 'set it before running Compose'}.`);
        return '';
      }
      return value;
    case ':+':
      return isSetAndNonEmpty ? nested() : '';
    case '+':
      return isSet ? nested() : '';
    default:
      throw new Error(`unhandled interpolation operator ${operator}`);
  }
}

/**
 * Applies Compose variable interpolation to one string: $NAME, ${NAME}, the :-, -, :?, ?, :+
 * and + forms (nested in their arguments), and $$ for a literal dollar sign.
 */
function interpolateString(text, env, where, report) {
  let output = '';
  let index = 0;
  while (index < text.length) {
    const character = text[index];
    if (character !== '$') {
      output += character;
      index += 1;
      continue;
    }

    const next = text[index + 1];
    if (next === '$') {
      output += '$';
      index += 2;
      continue;
    }
    if (next === '{') {
      const end = findClosingBrace(text, index + 2);
      if (end === -1) {
        report.errors.push(`${where}: unterminated "\${" in ${JSON.stringify(text)}; close it with "}" or write $$ for a literal $.`);
        return output + text.slice(index);
      }
      output += resolveBraced(text.slice(index + 2, end), env, where, report);
      index = end + 1;
      continue;
    }
    const name = VARIABLE_NAME.exec(text.slice(index + 1));
    if (name) {
      output += resolveBraced(name[0], env, where, report);
      index += 1 + name[0].length;
      continue;
    }
    report.errors.push(`${where}: invalid interpolation in ${JSON.stringify(text)}; write $$ for a literal $.`);
    output += '$';
    index += 1;
  }
  return output;
}

function joinLocation(parent, key) {
  return parent === '' ? String(key) : `${parent}/${key}`;
}

/** Interpolates every string value (not the keys) of the parsed file. */
function interpolateTree(node, env, where, report) {
  if (typeof node === 'string') {
    return interpolateString(node, env, where, report);
  }
  if (Array.isArray(node)) {
    return node.map((item, index) => interpolateTree(item, env, joinLocation(where, index), report));
  }
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, interpolateTree(value, env, joinLocation(where, key), report)]),
    );
  }
  return node;
}

module.exports = { interpolateString, interpolateTree };
