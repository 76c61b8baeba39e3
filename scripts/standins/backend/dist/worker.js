'use strict';
// FreshTrack Pro worker entry point (stand-in): see launch.js.
require('./launch')('worker');
