; Inno Setup 6 script: a per-user installer (no admin rights) for the PyInstaller build
; in dist\OfflineTranslationAssistant. Models are not bundled; the app's model manager
; imports or downloads a signed bundle after installation.
#define AppName "Offline Translation Assistant"
#define AppVersion "0.1.0"
#define AppExe "OfflineTranslationAssistant.exe"

[Setup]
AppId={{6C1D3C3E-5B0F-4E0B-9A55-0F7A2C6E9B11}
AppName={#AppName}
AppVersion={#AppVersion}
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
OutputBaseFilename=OfflineTranslationAssistant-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\app.ico
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "..\..\dist\OfflineTranslationAssistant\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked
Name: "autostart"; Description: "Start in the system tray when I sign in"; Flags: unchecked

[Registry]
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; \
  ValueName: "{#AppName}"; ValueData: """{app}\{#AppExe}"""; Tasks: autostart; \
  Flags: uninsdeletevalue

[Run]
Filename: "{app}\{#AppExe}"; Description: "Launch {#AppName}"; Flags: nowait postinstall skipifsilent
