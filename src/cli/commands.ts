// Every CLI command registers itself when its module loads; one import per command.
import './build-command.ts'
import './check-command.ts'
import './glossary-command.ts'
import './report-command.ts'
import './xliff-command.ts'
import './tmx-command.ts'
import './status-command.ts'
import './review-command.ts'
