<#-- element: reads element index of a step's input; the caller's input through its macro (ref.read, which reads flash
     when the program defines NAME_INPUT_IN_FLASH), an arena buffer with []. -->
<#macro element ref pointer index><#if ref.read??>${ref.read}(${pointer}, ${index})<#else>${pointer}[${index}]</#if></#macro>
