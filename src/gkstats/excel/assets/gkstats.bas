Attribute VB_Name = "RibbonGkstats"
' gkstats: the one VBA module of the gkstats add-in (built into gkstats.xlam by
' `gkstats excel build`, replacing the ribbon module of xlwings' quickstart add-in).
'
' Every ribbon button calls OnButton. It hands the button's id, and nothing else, to the one
' Python dispatcher, gkstats.excel.dispatch.run, through xlwings' RunPython. The dispatcher
' knows the commands and refuses an id it does not know. The Python interpreter is the one
' written into the user's gkstats config file by `gkstats excel install`: the add-in's
' GetConfig reads that file and nothing else, so an opened workbook cannot choose it.
'
' Keep this file ASCII outside string literals. A VBA project stores its source in an ANSI
' code page, so the build rewrites every non-ASCII character inside a string literal as a
' ChrW() call and refuses non-ASCII anywhere else.
Option Explicit

' Characters a workbook's name must not contain (see IsSafeName).
Private Const UNSAFE_CHARS As String = """$`\|=%"

' The ribbon callback shared by every button (ribbon.xml: onAction="RibbonGkstats.OnButton").
Public Sub OnButton(control As IRibbonControl)
    RunButton control.Id
End Sub

' Checks what can be checked before Python starts, then runs the dispatcher.
Public Sub RunButton(ByVal buttonId As String)
    If Not IsPlainId(buttonId) Then
        MsgBox "不认识的按钮「" & buttonId & "」，已拒绝执行。", vbCritical, "gkstats"
        Exit Sub
    End If
    If ActiveWorkbook Is Nothing Then
        MsgBox "请先打开要处理的工作簿，再点此按钮。", vbExclamation, "gkstats"
        Exit Sub
    End If
    If Not IsSafeName(ActiveWorkbook.Name) Then
        MsgBox "工作簿文件名「" & ActiveWorkbook.Name & "」含有 gkstats 不接受的字符" _
            & "（" & UNSAFE_CHARS & "）。" & vbCrLf _
            & "请把文件另存为不含这些字符的名字后再试。", vbExclamation, "gkstats"
        Exit Sub
    End If
    If ConfiguredInterpreter() = "" Then
        MsgBox "还没有为 gkstats 配置 Python。" & vbCrLf _
            & "请在命令行运行：gkstats excel install" & vbCrLf _
            & "（找不到 gkstats 命令时，Windows 上运行 py -m gkstats excel install，" _
            & "Mac 上运行 python3 -m gkstats excel install）", vbExclamation, "gkstats"
        Exit Sub
    End If
    RunPython PythonCommand(buttonId)
End Sub

' The exact Python statement RunPython executes for a button.
Public Function PythonCommand(ByVal buttonId As String) As String
    PythonCommand = "import gkstats.excel.dispatch as gkd;gkd.run('" & buttonId & "')"
End Function

' A button id is lower-case ASCII letters, digits and underscores, nothing else: it is pasted
' into a Python statement.
Public Function IsPlainId(ByVal buttonId As String) As Boolean
    Dim i As Long
    IsPlainId = False
    If Len(buttonId) = 0 Or Len(buttonId) > 40 Then Exit Function
    For i = 1 To Len(buttonId)
        If Not (Mid$(buttonId, i, 1) Like "[a-z0-9_]") Then Exit Function
    Next i
    IsPlainId = True
End Function

' xlwings passes the workbook's name to a shell (a quoted argument on Windows, inside
' AppleScript's "do shell script" on a Mac): a name with a quote, a dollar sign, a backquote,
' a backslash or a bar could end the quoting, an equals sign splits xlwings' parameter string
' (it is split on =), and cmd.exe expands %VAR%; so such a name never reaches the shell.
Public Function IsSafeName(ByVal workbookName As String) As Boolean
    Dim i As Long
    IsSafeName = False
    For i = 1 To Len(UNSAFE_CHARS)
        If InStr(1, workbookName, Mid$(UNSAFE_CHARS, i, 1), vbBinaryCompare) > 0 Then Exit Function
    Next i
    IsSafeName = True
End Function

Private Function ConfiguredInterpreter() As String
    #If Mac Then
        ConfiguredInterpreter = GetConfig("INTERPRETER_MAC", "")
    #Else
        ConfiguredInterpreter = GetConfig("INTERPRETER_WIN", "")
    #End If
End Function
