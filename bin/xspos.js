#!/usr/bin/env node
import "../dist/xspos.js";
