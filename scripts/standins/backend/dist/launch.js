'use strict';
// FreshTrack Pro stand-in launcher (FreshTrack Deploy test tier): runs the Python stand-in
// (../standin/app.py) in the given role with inherited stdio, forwards SIGTERM/SIGINT to it
// and exits with its exit code, or 128 + signal number when it was killed by a signal.
const { spawn } = require('child_process');
const os = require('os');
const path = require('path');

module.exports = function launch(role) {
  const app = path.join(__dirname, '..', 'standin', 'app.py');
  const child = spawn('/usr/bin/python3', ['-u', app, role], { stdio: 'inherit' });
  for (const sig of ['SIGTERM', 'SIGINT']) {
    process.on(sig, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    });
  }
  child.on('error', (err) => {
    console.error(`freshtrack-standin ${role}: cannot start /usr/bin/python3: ${err.message}`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    if (code !== null) process.exit(code);
    process.exit(128 + (os.constants.signals[signal] || 0));
  });
};
