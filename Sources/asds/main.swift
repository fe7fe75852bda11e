import ASDSCommands

ASDSCommand.main()
