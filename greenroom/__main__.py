from greenroom.cli.main import main

main()
