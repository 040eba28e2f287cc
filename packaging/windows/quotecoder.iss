; Inno Setup script for QuoteCoder (Inno Setup 6).
;
; packaging/build.py runs it after PyInstaller as
;   iscc /DAppVersion=0.1.0 /DSourceDir=...\dist\quotecoder /DOutputDir=...\dist\installers
;        /DRepoRoot=... /DCompression=lzma2/max packaging\windows\quotecoder.iss
; It can also be compiled by hand from the repository root with defaults below.
;
; The installer: per-user or all-users install (asks), Start-menu entry (and an optional
; desktop icon) for the windowed launcher quotecoder-gui.exe, the console command
; quotecoder.exe in the install folder, and an uninstaller (Apps & features).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef RepoRoot
  #define RepoRoot AddBackslash(SourcePath) + "..\.."
#endif
#ifndef SourceDir
  #define SourceDir RepoRoot + "\dist\quotecoder"
#endif
#ifndef OutputDir
  #define OutputDir RepoRoot + "\dist\installers"
#endif
#ifndef Compression
  #define Compression "lzma2/max"
#endif

#define AppName "QuoteCoder"
#define AppExe "quotecoder-gui.exe"

[Setup]
AppId={{6F1B6C8E-2D3A-4E4B-9C7D-51A0C0DE0A61}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The QuoteCoder team
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=QuoteCoder-Setup
SetupIconFile={#RepoRoot}\resources\icons\quotecoder.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression={#Compression}
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller one-folder bundle (quotecoder.exe, quotecoder-gui.exe, _internal\).
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Comment: "Code quoted sources in news articles"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; WorkingDir: "{userdocs}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
Type: filesandordirs; Name: "{app}\_internal"
