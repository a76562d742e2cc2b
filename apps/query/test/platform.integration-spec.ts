import { describePlatformConformance, describeProcessConformance } from '@artstore/testing';
import { query } from './query-under-test';

describePlatformConformance(query);
describeProcessConformance(query);
