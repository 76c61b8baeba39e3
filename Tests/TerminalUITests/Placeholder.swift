// Tests for this module land in this folder.
import Testing
