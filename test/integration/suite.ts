// Every integration test file, in the order they run.
import './activation.test';
import './session.test';
import './explorer.test';
import './catalog.test';
import './documents.test';
import './documentSync.test';
import './objectCommands.test';
import './filters.test';
import './reports.test';
import './links.test';
import './log.test';
import './transfer.test';
import './journal.test';
import './bulk.test';
import './history.test';
