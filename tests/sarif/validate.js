// Validates SARIF logs against the SARIF 2.1.0 schema (OASIS, rtm.5), as GitHub code scanning
// reads them.  node validate.js FILE...
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv-draft-04");  // the SARIF schema is JSON Schema draft-04
const addFormats = require("ajv-formats");

const schemaPath = path.join(path.dirname(require.resolve("@microsoft/jest-sarif/package.json")),
                             "lib", "schemas", "sarif-2.1.0-rtm.5.json");
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
// unicodeRegExp: false, since the schema's language pattern ("...]?$") is not valid with the u flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let failed = 0;
for (const file of process.argv.slice(2)) {
    const log = JSON.parse(fs.readFileSync(file, "utf8"));
    if (validate(log)) {
        console.log(`ok - ${file}`);
    } else {
        failed++;
        console.log(`not ok - ${file}`);
        for (const error of validate.errors) console.log(`    ${error.instancePath} ${error.message}`);
    }
}
const total = process.argv.length - 2;
console.log(`${total - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
