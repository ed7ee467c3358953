// The root `preinstall` hook: stops `pnpm install` with one line when Node or pnpm is too old.
//
// pnpm's own checks do not say it in one line: on an old Node it prints a warning per
// package (about twenty) and installs anyway, so the failure comes later and looks
// unrelated; on an old pnpm, `engines.pnpm` would stop it with ten lines that suggest
// `pnpm i -g pnpm`. So package.json keeps `engines.node` (tools read it) and this script
// reads it and `packageManager`.
//
// It runs on whatever Node the machine has first on PATH, Debian's 18 or 20 included, so
// it is plain CommonJS in syntax that Node 10 parses: no TypeScript, no `?.` or `??`.
"use strict";

var manifest = require("../package.json");

/** "v20.20.2", "12.21.0" or ">=24.18" → [20, 20, 2] (missing parts are 0). */
function parse(version) {
  var match = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(String(version));
  if (!match) return null;
  return [Number(match[1]), Number(match[2] || 0), Number(match[3] || 0)];
}

function atLeast(have, want) {
  for (var i = 0; i < 3; i++) if (have[i] !== want[i]) return have[i] > want[i];
  return true;
}

function show(version) {
  return version.join(".");
}

/**
 * The one-line complaint about `node` (its version) and `userAgent` (the
 * npm_config_user_agent that pnpm, npm and yarn set for scripts), or null when both fit.
 */
function checkToolchain(node, userAgent, execPath) {
  var wantNode = parse(manifest.engines.node);
  var wantPnpm = parse(manifest.packageManager.split("@")[1]);
  var haveNode = parse(node);
  var needed = [];
  var found = [];
  var install = [];

  if (!atLeast(haveNode, wantNode)) {
    needed.push("Node.js " + wantNode[0] + "." + wantNode[1] + " or later");
    found.push("Node.js " + show(haveNode) + (execPath ? " at " + execPath : ""));
    install.push("node@" + wantNode[0]);
  }
  var tool = /^([\w-]+)\/(\S+)/.exec(userAgent || "");
  if (tool) {
    var haveTool = parse(tool[2]);
    if (tool[1] !== "pnpm" || !haveTool || haveTool[0] !== wantPnpm[0] || !atLeast(haveTool, wantPnpm)) {
      needed.push("pnpm " + wantPnpm[0] + " (" + show(wantPnpm) + " or a later " + wantPnpm[0] + ".x)");
      found.push(haveTool ? tool[1] + " " + tool[2] : "no " + tool[1]);
      install.push("pnpm@" + wantPnpm[0]);
    }
  }
  if (needed.length === 0) return null;
  return (
    manifest.name + " needs " + needed.join(" and ") + ", found " + found.join(" with ") + ": " +
    "run `npm install -g --prefix /usr/local " + install.join(" ") + "` (with sudo unless root) " +
    "and put /usr/local/bin first on PATH, or see README.md, Prerequisites."
  );
}

module.exports = { checkToolchain: checkToolchain };

if (require.main === module) {
  var problem = checkToolchain(process.version, process.env.npm_config_user_agent, process.execPath);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
