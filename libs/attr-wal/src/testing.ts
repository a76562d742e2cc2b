export {
  FaultInjectingFileSystem,
  type FileSystemOperation,
  type InjectedFault,
  type RecordedCall,
} from './fs/fault-injecting-file-system';
