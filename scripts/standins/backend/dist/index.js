'use strict';
// FreshTrack Pro backend entry point (stand-in): see launch.js.
require('./launch')('backend');
