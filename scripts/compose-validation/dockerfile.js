'use strict';

/** Checks of the Dockerfiles that services build. */

const fs = require('node:fs');
const path = require('node:path');

/**
 * Splits a Dockerfile into instructions, joining lines continued with a trailing backslash and
 * skipping comments and empty lines, as Docker does inside a continuation too.
 * NOTE: the "# escape=" parser directive and heredocs are not supported.
 */
function parseDockerfile(text) {
  const instructions = [];
  let pending = null;
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      return;
    }
    const continued = trimmed.endsWith('\\');
    const content = continued ? trimmed.slice(0, -1) : trimmed;
    if (pending === null) {
      pending = { line: index + 1, text: content };
    } else {
      pending.text += ` ${content}`;
    }
    if (!continued) {
      const [keyword, ...rest] = pending.text.trim().split(/\s+/);
      instructions.push({ line: pending.line, keyword: keyword.toUpperCase(), argument: rest.join(' ') });
      pending = null;
    }
  });
  return instructions;
}

/**
 * Checks that the Dockerfile is multi-stage and that its final stage runs as a non-root user
 * with a HEALTHCHECK. A stage built FROM an earlier stage inherits that stage's USER and
 * HEALTHCHECK, as Docker does.
 */
function checkDockerfileText(text, label) {
  const errors = [];
  const stages = [];
  for (const instruction of parseDockerfile(text)) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.argument.split(/\s+/).filter((word) => !word.startsWith('--'));
      const alias = words.length >= 3 && words[1].toUpperCase() === 'AS' ? words[2].toLowerCase() : null;
      const parent = stages.find((stage) => stage.alias !== null && stage.alias === words[0]?.toLowerCase());
      stages.push({ alias, line: instruction.line, user: parent?.user ?? null, healthcheck: parent?.healthcheck ?? null });
    } else if (stages.length > 0 && instruction.keyword === 'USER') {
      stages[stages.length - 1].user = instruction;
    } else if (stages.length > 0 && instruction.keyword === 'HEALTHCHECK') {
      stages[stages.length - 1].healthcheck = instruction;
    }
  }

  if (stages.length < 2) {
    errors.push(`${label}: has ${stages.length} FROM instruction(s); use a multi-stage build with a build stage and a runtime stage.`);
  }
  const final = stages[stages.length - 1];
  if (!final) {
    return errors;
  }

  if (final.user === null) {
    errors.push(
      `${label}: the final stage (FROM at line ${final.line}) has no USER instruction, so the container runs as the base image's user, ` +
        'which is root in most images; add USER with a non-root user.',
    );
  } else {
    const user = final.user.argument.split(':')[0];
    if (user === 'root' || user === '0') {
      errors.push(`${label}:${final.user.line}: USER ${final.user.argument} runs the container as root; use a non-root user such as node.`);
    } else if (user.includes('$')) {
      errors.push(`${label}:${final.user.line}: USER ${final.user.argument} uses a variable, so this check cannot tell whether it is root; name the user literally.`);
    }
  }

  if (final.healthcheck === null) {
    errors.push(`${label}: the final stage (FROM at line ${final.line}) has no HEALTHCHECK instruction; add one.`);
  } else if (/^NONE$/i.test(final.healthcheck.argument.trim())) {
    errors.push(`${label}:${final.healthcheck.line}: HEALTHCHECK NONE disables the health check; add a HEALTHCHECK CMD.`);
  }
  return errors;
}

/** Checks that each built service has its build context and Dockerfile, then checks each Dockerfile once. */
function checkBuilds(services, projectDir, errors) {
  const checked = new Set();
  for (const [name, service] of Object.entries(services)) {
    if (service.build === undefined) {
      continue;
    }
    const build = typeof service.build === 'string' ? { context: service.build } : service.build;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(build.context ?? '')) {
      continue; // A remote context (a Git or HTTP URL) cannot be checked offline.
    }
    const context = path.resolve(projectDir, build.context ?? '.');
    if (!fs.existsSync(context) || !fs.statSync(context).isDirectory()) {
      errors.push(`services/${name}/build: context directory ${context} does not exist.`);
      continue;
    }
    const dockerfile = path.resolve(context, build.dockerfile ?? 'Dockerfile');
    if (checked.has(dockerfile)) {
      continue;
    }
    checked.add(dockerfile);
    if (!fs.existsSync(dockerfile)) {
      errors.push(`services/${name}/build: Dockerfile ${dockerfile} does not exist.`);
      continue;
    }
    errors.push(...checkDockerfileText(fs.readFileSync(dockerfile, 'utf8'), path.relative(projectDir, dockerfile) || dockerfile));
  }
}

module.exports = { parseDockerfile, checkDockerfileText, checkBuilds };
